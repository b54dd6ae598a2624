import { Breadcrumb } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { usePageTitle } from "./usePageTitle";

interface Props {
  title: string;
  subtitle?: ReactNode;
  /** Ancestors of this page, e.g. 管理后台 above 部门管理. */
  trail?: { title: string; to: string }[];
  extra?: ReactNode;
}

/** The title block of an inner page; also sets the browser tab title. */
export function PageHeading({ title, subtitle, trail, extra }: Props) {
  usePageTitle(title);
  return (
    <div className="yw-page-heading">
      {trail && trail.length > 0 && (
        <Breadcrumb
          className="yw-breadcrumb"
          items={[...trail.map((c) => ({ title: <Link to={c.to}>{c.title}</Link> })), { title }]}
        />
      )}
      <div className="yw-page-heading-row">
        <div>
          <h1 className="yw-page-title">{title}</h1>
          {subtitle && <p className="yw-muted yw-page-subtitle">{subtitle}</p>}
        </div>
        {extra}
      </div>
    </div>
  );
}
