import { useQuery } from "@tanstack/react-query";
import type { OidcClient } from "@yiwang/contracts";
import { api, unwrap } from "../../../api/client";

export const OIDC_CLIENTS_KEY = ["identity", "oidc-clients"] as const;

export const WEB_SCOPES = ["openid", "profile", "enterprise", "id_number", "offline_access"] as const;
export const MACHINE_SCOPES = ["identity.realname.check", "exchange.call"] as const;

export function useOidcClients(enabled: boolean) {
  return useQuery({
    queryKey: OIDC_CLIENTS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/identity/oidc/clients/", { signal })),
    enabled,
  });
}

export type { OidcClient };

/** One URI per line → list (blank lines dropped). */
export function lines(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
