import type { ThemeConfig } from "antd";

/**
 * CJK fonts first: headless Chromium on Debian (and many Linux desktops) has no default CJK face, and
 * Noto Sans CJK SC is what fonts-noto-cjk installs; PingFang and YaHei cover macOS and Windows.
 */
export const FONT_FAMILY = [
  "-apple-system",
  "BlinkMacSystemFont",
  '"Segoe UI"',
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Helvetica Neue"',
  "Arial",
  "sans-serif",
].join(", ");

/** A restrained government palette: deep administrative blue, with red kept for the brand mark and holidays. */
export const BRAND_BLUE = "#1554ad";
export const BRAND_RED = "#c8102e";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    colorLink: BRAND_BLUE,
    colorError: "#d4380d",
    fontFamily: FONT_FAMILY,
    borderRadius: 6,
    colorBgLayout: "#f3f5f9",
    // antd's 45 % black for descriptions, help texts and labels is 3.5:1 on white, its placeholder grey 1.8:1;
    // 60 % and 55 % black are 5.7:1 and 4.7:1 (WCAG AA).
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.55)",
  },
  components: {
    Layout: { headerBg: "#ffffff", headerHeight: 64, headerPadding: "0 24px", footerBg: "#0f2547", bodyBg: "#f3f5f9" },
    Menu: { horizontalItemSelectedColor: BRAND_BLUE, itemSelectedColor: BRAND_BLUE },
    Card: { headerFontSize: 16 },
    // antd's default breadcrumb link grey (45 % black) is under 4.5:1 on the page background.
    Breadcrumb: { linkColor: "rgba(0, 0, 0, 0.65)" },
  },
};

/**
 * 长辈版 (shared/elderMode.ts): antd derives its heading sizes, control heights and spacing from these seeds,
 * so raising them enlarges every component consistently; text colours are near-black (contrast well over 7:1
 * on white) instead of antd's translucent greys. Layout rules for the mode are in ../elder.css.
 */
export const elderTheme: ThemeConfig = {
  ...theme,
  token: {
    ...theme.token,
    fontSize: 18,
    lineHeight: 1.7,
    controlHeight: 44,
    colorText: "#111111",
    colorTextSecondary: "#2b2b2b",
    colorTextTertiary: "#3d3d3d",
    colorTextDescription: "#3d3d3d",
    colorTextPlaceholder: "#555555",
    colorPrimary: "#0d3f86",
    colorLink: "#0d3f86",
  },
  components: {
    ...theme.components,
    Layout: { ...theme.components?.Layout, headerHeight: 72 },
    Menu: { horizontalItemSelectedColor: "#0d3f86", itemSelectedColor: "#0d3f86" },
    Card: { headerFontSize: 20 },
  },
};
