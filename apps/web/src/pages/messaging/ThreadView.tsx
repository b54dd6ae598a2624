import { PaperClipOutlined, SendOutlined } from "@ant-design/icons";
import type { Message, ReadReceipt } from "@yiwang/contracts";
import { Alert, Button, Input, Select, Tag } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { markRead, postAttachment, postMessage, useLiveThread, useParticipants } from "./api";
import "./messaging.css";

function readBy(m: Message, receipts: ReadReceipt[]) {
  return receipts.filter((r) => r.accountId !== m.authorId && r.lastReadSeq >= m.seq);
}

/** One thread: messages live, read receipts, a composer with @mentions and an attachment. */
export function ThreadView({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useMe();
  const myId = me.data?.id;
  const { messages, receipts, live, error } = useLiveThread(threadId);
  const participants = useParticipants(threadId);
  const [body, setBody] = useState("");
  const [mentions, setMentions] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const end = useRef<HTMLLIElement>(null);
  const lastSeq = messages.at(-1)?.seq ?? 0;

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "nearest" });
    if (lastSeq > 0) void markRead(threadId, lastSeq).catch(() => {});
  }, [threadId, lastSeq]);

  if (error) return <ErrorAlert error={error} />;
  const names = new Map((participants.data?.items ?? []).map((p) => [p.accountId, p.name]));

  const send = async () => {
    if (!body.trim() && !file) return;
    setSending(true);
    setSendError(null);
    try {
      if (file) await postAttachment(threadId, file, body.trim());
      else await postMessage(threadId, body.trim(), mentions);
      setBody("");
      setMentions([]);
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
    } catch (e) {
      setSendError(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="yw-thread" data-testid="messaging-thread">
      <div className="yw-thread-status">
        <Tag color={live ? "green" : "default"} data-testid="messaging-live">
          {live ? t("messaging.live") : t("messaging.connecting")}
        </Tag>
      </div>
      <ol className="yw-thread-messages" data-testid="messaging-messages">
        {messages.length === 0 && <li className="yw-muted">{t("messaging.empty")}</li>}
        {messages.map((m) => {
          const readers = readBy(m, receipts);
          return (
            <li
              key={m.seq}
              className={m.authorId === myId ? "yw-msg yw-msg-mine" : "yw-msg"}
              data-testid="messaging-message"
            >
              <div className="yw-cell-sub">
                <strong>{m.authorName}</strong> · {formatPlatformDateTime(m.createdAt)}
              </div>
              <div className="yw-msg-body">
                {m.mentions.map((id) => (
                  <Tag key={id} color="blue">
                    @{names.get(id) ?? t("messaging.someone")}
                  </Tag>
                ))}
                {m.body}
              </div>
              {m.attachment && (
                <a
                  href={`/api/messaging/threads/${threadId}/messages/${m.id}/attachment`}
                  className="yw-msg-attachment"
                >
                  <PaperClipOutlined /> {m.attachment.fileName}
                </a>
              )}
              {m.authorId === myId && (
                <div className="yw-cell-sub" data-testid="messaging-read">
                  {readers.length > 0
                    ? t("messaging.readBy", { names: readers.map((r) => r.name).join("、") })
                    : t("messaging.unread")}
                </div>
              )}
            </li>
          );
        })}
        {/* The scroll anchor is a list item: an <ol> holds only <li>s (axe `list`). */}
        <li ref={end} aria-hidden="true" />
      </ol>
      <Alert type="info" showIcon message={t("messaging.noPersonalData")} className="yw-thread-hint" />
      {sendError && <Alert type="error" showIcon message={sendError} data-testid="messaging-error" />}
      <div className="yw-thread-composer">
        <Select
          mode="multiple"
          allowClear
          placeholder={t("messaging.mention")}
          aria-label={t("messaging.mention")}
          value={mentions}
          onChange={setMentions}
          options={(participants.data?.items ?? [])
            .filter((p) => p.accountId !== myId)
            .map((p) => ({ value: p.accountId, label: `@${p.name}` }))}
          data-testid="messaging-mentions"
          className="yw-thread-mentions"
        />
        <Input.TextArea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={4000}
          placeholder={t("messaging.placeholder")}
          aria-label={t("messaging.placeholder")}
          data-testid="messaging-input"
          onPressEnter={(e) => {
            if (!e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <div className="yw-thread-actions">
          <input
            ref={fileInput}
            type="file"
            accept=".pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx"
            aria-label={t("messaging.attach")}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={sending}
            onClick={() => void send()}
            data-testid="messaging-send"
          >
            {t("messaging.send")}
          </Button>
        </div>
      </div>
    </div>
  );
}
