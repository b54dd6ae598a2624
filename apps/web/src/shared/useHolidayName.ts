import { useTranslation } from "react-i18next";

const MAKE_UP_SUFFIX = "调休上班";
const STATUTORY = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"] as const;
type Statutory = (typeof STATUTORY)[number];

/**
 * Holiday names come from the work calendar in Chinese (春节, 国庆节、中秋节, 春节调休上班 …). The seven
 * statutory holidays are translated; any other name an administrator enters is shown as entered.
 */
export function useHolidayName() {
  const { t } = useTranslation();
  return (name: string | null | undefined): string => {
    if (!name) return "";
    const makeUp = name.endsWith(MAKE_UP_SUFFIX);
    const base = makeUp ? name.slice(0, -MAKE_UP_SUFFIX.length) : name;
    const parts = base.split("、");
    if (!parts.every((p): p is Statutory => (STATUTORY as readonly string[]).includes(p))) return name;
    const translated = parts.map((p) => t(`holiday.${p}`)).join(t("holiday.separator"));
    return makeUp ? t("holiday.makeUp", { name: translated }) : translated;
  };
}
