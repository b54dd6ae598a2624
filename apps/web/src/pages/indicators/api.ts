import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateAlertRuleRequest,
  IndicatorDimension,
  LiveCounters,
  UpdateAlertRuleRequest,
} from "@yiwang/contracts";
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";

/** Typed reads of 一网统管 (figures, drill-down, public dashboard) and the live counters stream. */

const DAY_MS = 86_400_000;

/** Today and N-1 days before, as local calendar days (the platform's Asia/Shanghai days). */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const local = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(ms));
  return { from: local(now.getTime() - (days - 1) * DAY_MS), to: local(now.getTime()) };
}

export function useIndicatorValues(q: { from: string; to: string; by?: IndicatorDimension; codes?: string }) {
  return useQuery({
    queryKey: ["indicators", "values", q],
    queryFn: ({ signal }) => unwrap(api.GET("/api/indicators/values", { params: { query: q }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The district outlines and 12345 per district, for the 大屏 map. */
export function useDistrictMap(q: { from: string; to: string }) {
  return useQuery({
    queryKey: ["indicators", "values", "districts", q],
    queryFn: ({ signal }) => unwrap(api.GET("/api/indicators/districts", { params: { query: q }, signal })),
    placeholderData: keepPreviousData,
  });
}

export interface DrillFilter {
  measure: string;
  from: string;
  to: string;
  department?: string;
  channel?: string;
  region?: string;
  offset: number;
}

export function useDrill(q: DrillFilter | null) {
  return useQuery({
    queryKey: ["indicators", "drill", q],
    enabled: q !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/indicators/drill", { params: { query: { ...(q as DrillFilter), limit: 20 } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function usePublicFigures(embed: string | null) {
  return useQuery({
    queryKey: ["indicators", "public", embed],
    queryFn: ({ signal }) =>
      embed
        ? unwrap(api.GET("/api/indicators/public/embeds/{token}", { params: { path: { token: embed } }, signal }))
        : unwrap(api.GET("/api/indicators/public/summary", { signal })),
    retry: false,
  });
}

/** The day's counters, first from the stream's opening frame, then after every committed case event. */
export function useLiveCounters(day: string): { counters: LiveCounters | null; connected: boolean } {
  const [counters, setCounters] = useState<LiveCounters | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/indicators/live?day=${day}`);
    source.addEventListener("counters", (e) => {
      setCounters(JSON.parse((e as MessageEvent<string>).data) as LiveCounters);
      setConnected(true);
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [day]);
  return { counters, connected };
}

export function useRegistry() {
  return useQuery({
    queryKey: ["indicators", "registry"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/indicators/registry", { signal })),
  });
}

export function useVersions(code: string | null) {
  return useQuery({
    queryKey: ["indicators", "versions", code],
    enabled: code !== null,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/indicators/registry/{code}/versions", { params: { path: { code: code as string } }, signal }),
      ),
  });
}

export function useAlertRules() {
  return useQuery({
    queryKey: ["indicators", "alerts"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/indicators/alerts", { signal })),
  });
}

export function useAlertHistory(id: string | null) {
  return useQuery({
    queryKey: ["indicators", "alerts", id, "history"],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/indicators/alerts/{id}/history", { params: { path: { id: id as string } }, signal })),
  });
}

export function useAlertVersions(id: string | null) {
  return useQuery({
    queryKey: ["indicators", "alerts", id, "versions"],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/indicators/alerts/{id}/versions", { params: { path: { id: id as string } }, signal })),
  });
}

export function useAlertActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ["indicators", "alerts"] });
  return {
    create: useMutation({
      mutationFn: (body: CreateAlertRuleRequest) => unwrap(api.POST("/api/indicators/alerts", { body })),
      onSuccess: refresh,
    }),
    silence: useMutation({
      mutationFn: (p: { id: string; until: string }) =>
        unwrap(
          api.POST("/api/indicators/alerts/{id}/silence", { params: { path: { id: p.id } }, body: { until: p.until } }),
        ),
      onSuccess: refresh,
    }),
    /** An edit saves a new version of the rule (the indicator stays). */
    update: useMutation({
      mutationFn: (p: { id: string; body: UpdateAlertRuleRequest }) =>
        unwrap(api.PATCH("/api/indicators/alerts/{id}", { params: { path: { id: p.id } }, body: p.body })),
      onSuccess: refresh,
    }),
    /** 认领: a firing rule acknowledged with a note (cleared when the state next changes). */
    acknowledge: useMutation({
      mutationFn: (p: { id: string; note: string }) =>
        unwrap(
          api.POST("/api/indicators/alerts/{id}/acknowledge", {
            params: { path: { id: p.id } },
            body: { note: p.note },
          }),
        ),
      onSuccess: refresh,
    }),
  };
}
