import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../shared/api";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Reference data (departments, calendar) changes rarely; avoid refetching on every focus.
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // Retry transient failures only: a 4xx will fail identically again.
      retry: (failureCount, error) => failureCount < 2 && (!(error instanceof ApiError) || error.retryable),
    },
  },
});
