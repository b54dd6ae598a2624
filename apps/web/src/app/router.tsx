import { createBrowserRouter } from "react-router";
import { Shell } from "../layout/Shell";
import { HomePage } from "../pages/portal/HomePage";
import { RouteError } from "../pages/RouteError";

/**
 * The landing page is the only route in the first load. Any other path is unknown to the router until
 * `routes.tsx` arrives: react-router calls patchRoutesOnNavigation for a path it cannot match (also on the first
 * load of a deep link), and we patch the whole table under the shell once. Before this split the table and the
 * chunk map of its ~60 lazy pages were 10 kB of the landing page's JavaScript, and every new page added to it.
 */
let patched: Promise<void> | undefined;

export const router = createBrowserRouter(
  [
    {
      id: "shell",
      path: "/",
      element: <Shell />,
      errorElement: <RouteError />,
      children: [{ index: true, element: <HomePage /> }],
    },
  ],
  {
    patchRoutesOnNavigation({ patch }) {
      // A failed chunk load (offline for a moment) must not be remembered: the next navigation tries again.
      patched ??= import("./routes").then(
        (m) => patch("shell", m.routes),
        (error: unknown) => {
          patched = undefined;
          throw error;
        },
      );
      return patched;
    },
  },
);
