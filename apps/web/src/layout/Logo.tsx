import { Link } from "react-router";
import { BRAND_RED } from "../app/theme";

/**
 * The brand mark: one ring crossed by one line — 一 (one) inside 网 (network) — drawn inline so it needs
 * no request and scales crisply. The wordmark is text, so it stays selectable and translatable.
 */
export function Logo() {
  return (
    <Link to="/" className="yw-brand" aria-label="一网 Yiwang">
      <svg className="yw-brand-mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
        <rect width="64" height="64" rx="14" fill={BRAND_RED} />
        <circle cx="32" cy="32" r="19" fill="none" stroke="#fff" strokeWidth="4" />
        <path d="M14 32h36" stroke="#fff" strokeWidth="5" strokeLinecap="round" />
      </svg>
      <span className="yw-brand-text">
        <span className="yw-brand-zh">一网</span>
        <span className="yw-brand-latin">Yiwang</span>
      </span>
    </Link>
  );
}
