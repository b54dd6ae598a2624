import type { CodeExtension } from "@yiwang/onecode-verifier";
import { useTranslation } from "react-i18next";

/**
 * The extension fields (扩展域) a code carries — e.g. a social security card the holder attached — signed
 * with the code, so shown only beside a valid verdict. A type this page does not know is shown as it is.
 */
export function ExtensionList({ items }: { items: readonly CodeExtension[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <dl className="yw-onecode-ext" data-testid="onecode-extensions">
      {items.map((e) => (
        <div key={e.type} data-type={e.type}>
          <dt>
            {e.known
              ? t(`onecode.ext.${e.type}.title`, { defaultValue: e.type })
              : t("onecode.ext.unknown", { type: e.type })}
          </dt>
          {Object.entries(e.fields).map(([name, value]) => (
            <dd key={name}>
              {e.known ? t(`onecode.ext.${e.type}.${name}`, { defaultValue: name }) : name}:{" "}
              <span className="yw-mono">{value}</span>
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
