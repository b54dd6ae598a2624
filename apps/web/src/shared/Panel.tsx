import { type ReactNode, useId } from "react";

interface Props {
  /** Optional when the page heading already names the content (a lone table). */
  title?: ReactNode;
  icon?: ReactNode;
  extra?: ReactNode;
  className?: string;
  children: ReactNode;
}

/**
 * A titled content block. Looks like antd's Card but is plain markup: Card pulls in antd's Tabs (≈40 kB
 * minified) for a feature we never use, and this block is on every page including the landing page.
 * It is a labelled <section>, so screen-reader users can jump between blocks.
 */
export function Panel({ title, icon, extra, className, children }: Props) {
  const id = useId();
  return (
    <section className={className ? `yw-panel ${className}` : "yw-panel"} aria-labelledby={title ? id : undefined}>
      {title && (
        <header className="yw-panel-head">
          <h2 id={id} className="yw-panel-title">
            {icon && (
              <span className="yw-panel-icon" aria-hidden="true">
                {icon}
              </span>
            )}
            {title}
          </h2>
          {extra && <div className="yw-panel-extra">{extra}</div>}
        </header>
      )}
      <div className="yw-panel-body">{children}</div>
    </section>
  );
}
