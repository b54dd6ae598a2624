import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Me, RoleName } from "@yiwang/contracts";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { api, unwrap } from "../api/client";
import { ApiError } from "./api";
import { ME_KEY } from "./meKey";
import { PageLoading } from "./Placeholders";

/**
 * The signed-in person, as the whole web app sees them. The session itself is the server's httpOnly
 * `yw_session` cookie (same origin, so every fetch carries it); the browser never holds a token. `useMe()`
 * is the one source of truth: `null` means nobody is logged in, and every login, logout and identity
 * switch updates that one cache entry so the header and the pages change together.
 */

export type { Me };
export { ME_KEY };

/** The current account, or null when nobody is logged in (GET /session answers `{ me: null }`, not 401). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }): Promise<Me | null> => (await unwrap(api.GET("/api/identity/session", { signal }))).me,
    staleTime: 60_000,
    // Coming back to the tab re-checks the session (it may have expired or been ended elsewhere).
    refetchOnWindowFocus: true,
  });
}

/** After a login step: read who we are now, and drop whatever the previous person's pages had cached. */
export function useAfterLogin() {
  const qc = useQueryClient();
  return async (): Promise<Me | null> => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] === "identity" && q.queryKey[1] !== "me" });
    const me = await qc.fetchQuery({
      queryKey: ME_KEY,
      queryFn: async ({ signal }): Promise<Me | null> =>
        (await unwrap(api.GET("/api/identity/session", { signal }))).me,
      staleTime: 0,
    });
    return me;
  };
}

/**
 * Ends the session on the server, then loads the home page afresh: a full page load, not a client-side
 * navigation, so nothing of the previous person's data (cached answers, form state) stays in memory on
 * a shared computer, and no page that requires login briefly sees "logged out" and redirects to login.
 */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await unwrap(api.POST("/api/identity/logout"));
      } catch (e) {
        // An expired session is logged out already; anything else is worth showing.
        if (!(e instanceof ApiError && e.status === 401)) throw e;
      }
    },
    onSuccess: () => {
      window.location.replace("/");
    },
  });
}

/** Switch whom the person acts for: an enterprise they represent or are an agent of, or themselves (null). */
export function useSwitchActingFor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (enterpriseId: string | null) =>
      unwrap(api.PUT("/api/identity/me/acting-for", { body: { enterpriseId } })),
    onSuccess: (me) => {
      qc.setQueryData(ME_KEY, me);
    },
  });
}

export function hasRole(me: Me | null | undefined, role: RoleName): boolean {
  return me?.roles.includes(role) ?? false;
}

/** Only a path inside this app may be a `next` target (no //evil.example, no javascript:). */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

/** `/login?next=<here>` for the page the visitor is on. */
export function loginPath(kind: "citizen" | "staff", here: string): string {
  const base = kind === "staff" ? "/staff/login" : "/login";
  return `${base}?next=${encodeURIComponent(here)}`;
}

interface RequireLoginProps {
  children: ReactNode;
  /** Which login page to send an anonymous visitor to; the page itself decides what a wrong kind sees. */
  kind?: "citizen" | "staff";
}

/** Renders its children for a logged-in person; otherwise sends the visitor to log in and come back. */
export function RequireLogin({ children, kind = "citizen" }: RequireLoginProps) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return <PageLoading />;
  }
  if (me.data === null || (me.isError && me.error instanceof ApiError && me.error.status === 401)) {
    return <Navigate to={loginPath(kind, `${location.pathname}${location.search}`)} replace />;
  }
  return <>{children}</>;
}
