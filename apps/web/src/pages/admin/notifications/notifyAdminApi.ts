import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

/** How many deliveries are dead letters (platform admins only: `enabled` avoids asking for a 403). */
export function useFailedDeliveries(enabled: boolean) {
  return useQuery({
    queryKey: ["notify", "deliveries", { status: "failed", limit: 1, offset: 0 }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/admin/notifications/deliveries", {
          params: { query: { status: "failed", limit: 1, offset: 0 } },
          signal,
        }),
      ),
    enabled,
  });
}
