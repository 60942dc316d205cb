import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// the Overview's charts and the lists' rows render a frame or a transition after their data (to keep a phone's first
// render short): on the shared 2-core box under load, findBy's default 1 s was too tight for them
configure({ asyncUtilTimeout: 3000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
