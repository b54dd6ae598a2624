import {
  CASE_TYPE_TERMS,
  ONLINE_DEPTH_TERMS,
  REAL_NAME_LEVEL_TERMS,
  TIME_UNIT_TERMS,
} from "@yiwang/contracts/vocabularies";
import { Col, Form, InputNumber, Row, Select } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../../../shared/Panel";
import { REQUIRED } from "./itemForm";
import { termOptions } from "./options";

const NUMBERS = {
  legalDays: "catalog.guide.legalLimit",
  promiseDays: "catalog.guide.promiseLimit",
  onlineDepth: "catalog.guide.onlineDepth",
  maxVisits: "catalog.visits",
} as const;

// 网办深度 runs over the contract's levels (1–4); the limits and visits have no vocabulary
const DEPTH_MIN = ONLINE_DEPTH_TERMS[0].code;
const DEPTH_MAX = ONLINE_DEPTH_TERMS[ONLINE_DEPTH_TERMS.length - 1]!.code;

/** 时限与办理方式: the time limits, online depth, visits, case type, time unit and real-name level. */
export function LimitsSection() {
  const { t } = useTranslation();
  return (
    <Panel title={t("catalog.admin.limits")}>
      <Row gutter={16}>
        {(Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]).map((f) => (
          <Col xs={12} md={6} key={f}>
            <Form.Item name={f} label={t(NUMBERS[f])} rules={REQUIRED}>
              <InputNumber
                min={f === "onlineDepth" ? DEPTH_MIN : 0}
                max={f === "onlineDepth" ? DEPTH_MAX : 3650}
                className="yw-full"
              />
            </Form.Item>
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Form.Item name="caseType" label={t("catalog.guide.caseType")}>
            <Select options={termOptions(CASE_TYPE_TERMS, (c) => t(`catalog.caseType.${c}`))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="timeUnit" label={t("catalog.admin.timeUnit")}>
            <Select options={termOptions(TIME_UNIT_TERMS, (u) => t(`catalog.unit.${u}`))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="realNameLevel" label={t("catalog.guide.realName")}>
            <Select options={termOptions(REAL_NAME_LEVEL_TERMS, (l) => t(`catalog.guide.realNameLevel.${l}`))} />
          </Form.Item>
        </Col>
      </Row>
    </Panel>
  );
}
