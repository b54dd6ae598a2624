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
  },
  components: {
    Layout: { headerBg: "#ffffff", headerHeight: 64, headerPadding: "0 24px", footerBg: "#0f2547", bodyBg: "#f3f5f9" },
    Menu: { horizontalItemSelectedColor: BRAND_BLUE, itemSelectedColor: BRAND_BLUE },
    Card: { headerFontSize: 16 },
  },
};
