import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { HallScreen } from "@yiwang/contracts";
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";

/** 网上预约 and hall API for the booking dialog, my bookings, the clerk's hall desk and the hall screen. */

const KEY = ["appointments"] as const;

export function useSlots(itemCode: string, enabled: boolean) {
  return useQuery({
    queryKey: ["appointments", "slots", itemCode],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/appointments/slots", { params: { query: { itemCode, days: 10 } }, signal })),
    enabled,
    retry: false,
  });
}

export function useBook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { itemCode: string; windowTypeId: string; date: string; start: string }) =>
      unwrap(api.POST("/api/appointments/bookings", { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMyBookings() {
  return useQuery({
    queryKey: ["appointments", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/appointments/bookings/mine", { signal })),
  });
}

export function useCancelBooking() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/appointments/bookings/{id}/cancel", { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useHalls() {
  return useQuery({
    queryKey: ["appointments", "halls"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/appointments/halls", { signal })),
  });
}

export function useQueue(windowTypeId: string | null) {
  return useQuery({
    queryKey: ["appointments", "queue", windowTypeId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/appointments/window-types/{id}/queue", {
          params: { path: { id: windowTypeId as string } },
          signal,
        }),
      ),
    enabled: windowTypeId !== null,
    refetchInterval: 5000,
  });
}

export function useDesk() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ["appointments", "queue"] });
  return {
    checkIn: useMutation({
      mutationFn: (token: string) => unwrap(api.POST("/api/appointments/check-in", { body: { token } })),
      onSettled: done,
    }),
    walkIn: useMutation({
      mutationFn: (id: string) =>
        unwrap(api.POST("/api/appointments/window-types/{id}/tickets", { params: { path: { id } } })),
      onSettled: done,
    }),
    call: useMutation({
      mutationFn: (v: { id: string; window: string }) =>
        unwrap(
          api.POST("/api/appointments/window-types/{id}/call", {
            params: { path: { id: v.id } },
            body: { window: v.window },
          }),
        ),
      onSettled: done,
    }),
  };
}

/** The hall screen: the stream's opening frame, then one after every committed call or new number. */
export function useLiveScreen(hallId: string): { screen: HallScreen | null; connected: boolean } {
  const [screen, setScreen] = useState<HallScreen | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/appointments/halls/${hallId}/screen/live`);
    source.addEventListener("screen", (e) => {
      setScreen(JSON.parse((e as MessageEvent<string>).data) as HallScreen);
      setConnected(true);
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [hallId]);
  return { screen, connected };
}
