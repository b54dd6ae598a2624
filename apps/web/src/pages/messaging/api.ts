import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Message, ReadReceipt } from "@yiwang/contracts";
import { useEffect, useState } from "react";
import { api, rawBody, unwrap } from "../../api/client";

/** Staff messaging API (会商, 部门频道, 私信) and the live stream of one thread. */

export function useThreads() {
  return useQuery({
    queryKey: ["messaging", "threads"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/messaging/threads", { signal })),
  });
}

export function useCaseThread(caseId: string) {
  return useQuery({
    queryKey: ["messaging", "case", caseId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/messaging/cases/{caseId}/thread", { params: { path: { caseId } }, signal })),
    retry: false,
  });
}

export function useRequestThread(requestId: string) {
  return useQuery({
    queryKey: ["messaging", "request", requestId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/messaging/requests/{requestId}/thread", { params: { path: { requestId } }, signal })),
    retry: false,
  });
}

export function useColleagues() {
  return useQuery({
    queryKey: ["messaging", "colleagues"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/messaging/colleagues", { params: { query: {} }, signal })),
  });
}

export function useParticipants(threadId: string) {
  return useQuery({
    queryKey: ["messaging", "participants", threadId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/messaging/threads/{id}/participants", { params: { path: { id: threadId } }, signal })),
  });
}

export const postMessage = (threadId: string, body: string, mentions: string[]) =>
  unwrap(
    api.POST("/api/messaging/threads/{id}/messages", { params: { path: { id: threadId } }, body: { body, mentions } }),
  );

export function postAttachment(threadId: string, file: File, body: string) {
  const form = new FormData();
  form.append("body", body);
  form.append("file", file);
  return unwrap(
    api.POST("/api/messaging/threads/{id}/attachments", { params: { path: { id: threadId } }, ...rawBody(form) }),
  );
}

export const markRead = (threadId: string, seq: number) =>
  unwrap(api.POST("/api/messaging/threads/{id}/read", { params: { path: { id: threadId } }, body: { seq } }));

export const openDirect = (accountId: string) => unwrap(api.POST("/api/messaging/direct", { body: { accountId } }));

/**
 * A thread's messages: the newest page first, then live over SSE (EventSource reconnects by itself and sends
 * Last-Event-ID, so the server replays what was missed). Read receipts arrive on the same stream.
 */
export function useLiveThread(threadId: string) {
  const qc = useQueryClient();
  const [messages, setMessages] = useState<Message[]>([]);
  const [receipts, setReceipts] = useState<ReadReceipt[]>([]);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let source: EventSource | null = null;
    let cancelled = false;
    setMessages([]);
    setReceipts([]);
    setLive(false);
    const add = (m: Message) =>
      setMessages((list) => (list.some((x) => x.seq === m.seq) ? list : [...list, m].sort((a, b) => a.seq - b.seq)));
    api
      .GET("/api/messaging/threads/{id}/messages", { params: { path: { id: threadId }, query: {} } })
      .then(({ data }) => {
        if (cancelled || !data) return;
        setMessages(data.items);
        setReceipts(data.receipts);
        const after = data.items.at(-1)?.seq ?? 0;
        source = new EventSource(`/api/messaging/threads/${threadId}/events?after=${after}`);
        source.onopen = () => setLive(true);
        source.onerror = () => setLive(false);
        source.addEventListener("message", (e) => add(JSON.parse((e as MessageEvent).data) as Message));
        source.addEventListener("read", (e) => {
          const r = JSON.parse((e as MessageEvent).data) as ReadReceipt;
          setReceipts((list) => [...list.filter((x) => x.accountId !== r.accountId), r]);
        });
        source.addEventListener("purged", (e) => {
          const { upTo } = JSON.parse((e as MessageEvent).data) as { upTo: number };
          setMessages((list) => list.filter((m) => m.seq > upTo));
        });
      })
      .catch((e: unknown) => setError(e));
    return () => {
      cancelled = true;
      source?.close();
      void qc.invalidateQueries({ queryKey: ["messaging", "threads"] });
    };
  }, [threadId, qc]);
  return { messages, receipts, live, error };
}
