import type { ReactNode } from "react";
import { usePageTitle } from "../../shared/usePageTitle";
import "./account.css";

/** The narrow centred card that login, registration and password reset share. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="yw-container yw-page">
      <section className="yw-panel yw-auth-card" aria-labelledby="yw-auth-title">
        <h1 id="yw-auth-title" className="yw-auth-title">
          {title}
        </h1>
        {subtitle && <p className="yw-muted yw-auth-subtitle">{subtitle}</p>}
        {children}
      </section>
    </div>
  );
}
