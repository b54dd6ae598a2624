import "i18next";
import type { Messages } from "./zh-CN";

// Type-checks every t("…") key against the Chinese reference resources.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}
