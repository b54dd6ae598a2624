import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { LocaleProvider } from "./LocaleProvider";
import { queryClient } from "./queryClient";
import { router } from "./router";

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <RouterProvider router={router} />
      </LocaleProvider>
    </QueryClientProvider>
  );
}
