// Message text as Markdown, rendered safely: marked turns it into HTML with every raw-HTML token escaped (a message
// can show "<script>" but never run it), then DOMPurify keeps only an allow-list of formatting tags and attributes
// (no script/iframe/style/img, no on* handlers, no javascript: URLs); links open in a new tab with
// rel="noopener noreferrer nofollow ugc". Evidence excerpts are highlighted in the sanitised DOM's text nodes.
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'mark',
];
// class carries the code block's language (language-js)
const ALLOWED_ATTR = ['href', 'title', 'class', 'start', 'align'];
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/))/i;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // raw HTML in a message is text the user or the model wrote: shown, not interpreted
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    // an image would load a third-party URL (a tracking pixel) just by opening the page: shown as a link instead
    image(token: Tokens.Image) {
      const label = escapeHtml(token.text || token.href);
      return `<a href="${escapeHtml(token.href)}">${label}</a>`;
    },
  },
});

let hooked = false;
function purifier() {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? '';
        if (!SAFE_URL.test(href.trim())) node.removeAttribute('href');
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow ugc');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/** Markdown to sanitised HTML (a string safe for innerHTML). */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text ?? '') as string;
  return purifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ADD_ATTR: ['target', 'rel'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
  });
}

function cleanExcerpt(e: string): string {
  return e
    .trim()
    .replace(/^…|…$/g, '')
    .replace(/^\.\.\.|\.\.\.$/g, '')
    .trim();
}

/**
 * Sanitised HTML with the cited excerpts (case-insensitive) wrapped in <mark class="excerpt">. Only text nodes are
 * touched, so an excerpt that spans formatting (half bold) is not marked; the message still carries its evidence chip.
 */
export function highlightHtml(html: string, excerpts: string[]): string {
  const parts = excerpts.map(cleanExcerpt).filter((e) => e.length >= 2);
  if (parts.length === 0) return html;
  const re = new RegExp(`(${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  const root = document.createElement('div');
  root.innerHTML = html;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  for (const t of texts) {
    const value = t.nodeValue ?? '';
    re.lastIndex = 0;
    if (!re.test(value)) continue;
    const frag = document.createDocumentFragment();
    value.split(re).forEach((chunk, i) => {
      if (!chunk) return;
      if (i % 2 === 1) {
        const mark = document.createElement('mark');
        mark.className = 'excerpt';
        mark.textContent = chunk;
        frag.appendChild(mark);
      } else {
        frag.appendChild(document.createTextNode(chunk));
      }
    });
    t.replaceWith(frag);
  }
  return root.innerHTML;
}
