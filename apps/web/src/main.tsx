import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { i18nReady } from "./i18n";
import "./styles.css";
import "./a11y.css";
import { App } from "./app/App";
import { restoreElderMode } from "./shared/elderMode";

restoreElderMode();
const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");

// Rendered once the remembered language's texts are here (at once for zh-CN; English is fetched first).
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
