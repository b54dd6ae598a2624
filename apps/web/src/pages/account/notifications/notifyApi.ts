import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { NoticeSettingsUpdate } from "@yiwang/contracts";
import { api, unwrap } from "../../../api/client";

export const INBOX_KEY = ["notifications"] as const;
export const SETTINGS_KEY = ["notifications", "settings"] as const;

export function useInbox(query: { unread: boolean; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...INBOX_KEY, "page", query],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/notifications/", {
          params: { query: { unread: query.unread ? "true" : undefined, limit: query.limit, offset: query.offset } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useNoticeSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/notifications/settings", { signal })),
  });
}

export const saveNoticeSettings = (body: NoticeSettingsUpdate) =>
  unwrap(api.PUT("/api/notifications/settings", { body }));
export const markRead = (id: string) => unwrap(api.POST("/api/notifications/{id}/read", { params: { path: { id } } }));
export const markAllRead = () => unwrap(api.POST("/api/notifications/read-all"));
