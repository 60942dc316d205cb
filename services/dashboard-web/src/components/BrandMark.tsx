/** The Sensei mark (docs/brand.md): a speech bubble with a pulse line — conversations and their health. */
export function BrandMark({ size = 26 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path fill="#4338ca" d="M8 2h16a6 6 0 0 1 6 6v12a6 6 0 0 1-6 6H14l-6 5v-5a6 6 0 0 1-6-6V8a6 6 0 0 1 6-6z" />
      <path
        fill="none"
        stroke="#fff"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M7 14h4l2.5-5 4 10 2.5-5h5"
      />
    </svg>
  );
}
