/**
 * Light stand-ins for antd's Skeleton and Empty on the landing page, whose first load has a size limit
 * (scripts/first-load-size.mjs): grey shimmering lines while loading, a quiet line of text when empty.
 * Other pages use antd's; these look alike (styles in styles.css).
 */
export function LoadingLines({ rows = 3, title = true }: { rows?: number; title?: boolean }) {
  return (
    <div className="yw-loading" aria-busy="true">
      {title && <div className="yw-loading-line yw-loading-title" />}
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed, identical placeholder rows
        <div key={i} className="yw-loading-line" style={i === rows - 1 ? { width: "61%" } : undefined} />
      ))}
    </div>
  );
}

export function EmptyNote({ children }: { children: string }) {
  return <p className="yw-empty-note">{children}</p>;
}

/**
 * A page-sized loading indicator (a CSS ring) for the shell and the login guard, which are in every first
 * load: antd's Spin costs about 1 kB gzip there for the same picture.
 */
export function PageLoading() {
  return (
    <div className="yw-page-loading" aria-busy="true">
      <span className="yw-ring" role="status" aria-label="loading" />
    </div>
  );
}
