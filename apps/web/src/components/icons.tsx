/** Decorative icons: hidden from screen readers, the button or link around them carries the name. */
const base = { width: 20, height: 20, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2 };

export function CloseIcon() {
  return (
    <svg {...base} strokeLinecap="round" aria-hidden="true">
      <path d="M6 6l12 12M18 6 6 18" />
    </svg>
  );
}

export function MenuIcon() {
  return (
    <svg {...base} strokeLinecap="round" aria-hidden="true">
      <path d="M4 7h16M4 12h16M4 17h16" />
    </svg>
  );
}

export function LogoMark() {
  return (
    <svg width="32" height="32" viewBox="0 0 512 512" aria-hidden="true">
      <rect width="512" height="512" rx="96" fill="#fff" />
      <path d="M256 96 92 232h44v168h240V232h44z" fill="none" stroke="#0b4f6c" strokeWidth="28" strokeLinejoin="round" />
      <circle cx="212" cy="262" r="30" fill="#c98a00" />
      <circle cx="306" cy="286" r="22" fill="#0b4f6c" />
      <path d="M164 400v-42c0-30 22-54 48-54s48 24 48 54v42z" fill="#c98a00" />
      <path d="M272 400v-30c0-22 16-40 34-40s34 18 34 40v30z" fill="#0b4f6c" />
    </svg>
  );
}
