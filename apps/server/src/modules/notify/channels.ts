/**
 * The notify module's channel machinery, built once by app.ts: the router that `notify.send` hands each
 * notice to, the delivery queue (a `notify.deliver` job handler), the SMS port for other modules, and the
 * services behind the settings and admin routes. The SMS gateway and the phone directory come from identity
 * after it is registered (`connect`): until then (and in the CLI) nothing leaves by SMS.
 */
import type { Kysely } from "kysely";
import type { AppConfig } from "../../platform/config.js";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/index.js";
import type { AuditLog, Clock, PhoneDirectory } from "../../platform/ports.js";
import { NotifyAdminService } from "./admin.service.js";
import type { Channel } from "./channels/channel.js";
import { EmailChannel } from "./channels/email.js";
import { SmsChannel, type SmsGateway } from "./channels/sms.js";
import { WebhookChannel } from "./channels/webhook.js";
import { WebPushChannel } from "./channels/webpush.js";
import { DeliveryRepository } from "./deliveries.repository.js";
import { DELIVER_JOB, type DeliveryDeps, DeliveryQueue } from "./delivery.js";
import { LocalTime } from "./local-time.js";
import { PushRepository } from "./push.repository.js";
import { PushService } from "./push.service.js";
import { ChannelRate } from "./rate.js";
import { NoticeRouter } from "./router.js";
import { SettingsRepository } from "./settings.repository.js";
import { SettingsService } from "./settings.service.js";
import { SmsNotices } from "./sms-notices.js";
import { TemplateRepository } from "./templates.repository.js";

export interface NoticeChannelsDeps {
  db: Kysely<DB>;
  clock: Clock;
  config: AppConfig;
  box: SecretBox;
  jobs: JobQueue;
  audit: AuditLog;
}

export class NoticeChannels {
  readonly router: NoticeRouter;
  readonly queue: DeliveryQueue;
  readonly smsNotices: SmsNotices;
  readonly settings: SettingsService;
  readonly admin: NotifyAdminService;
  readonly push: PushService;
  readonly #deps: DeliveryDeps;
  readonly #email?: EmailChannel;

  constructor(d: NoticeChannelsDeps) {
    const c = d.config.notify;
    const local = new LocalTime(d.config.timeZone);
    const settingsRepo = new SettingsRepository();
    const templates = new TemplateRepository();
    const deliveries = new DeliveryRepository();
    const channels = new Map<string, Channel>([["webhook", new WebhookChannel()]]);
    if (c.smtpUrl) {
      this.#email = new EmailChannel(c.smtpUrl, c.emailFrom, d.config.publicUrl);
      channels.set("email", this.#email);
    }
    const pushRepo = new PushRepository(d.box);
    if (c.webpush) channels.set("webpush", new WebPushChannel(c.webpush, c.webpush.testHosts));
    this.push = new PushService(d.db, d.clock, pushRepo, c.webpush, c.webpush?.testHosts ?? []);
    this.#deps = {
      clock: d.clock,
      jobs: d.jobs,
      repo: deliveries,
      settings: settingsRepo,
      local,
      rate: new ChannelRate(c.channelRatePerSecond),
      box: d.box,
      maxAttempts: c.maxAttempts,
      smsDailyCap: c.smsDailyCap,
      channels,
      push: pushRepo,
    };
    this.queue = new DeliveryQueue(this.#deps);
    this.router = new NoticeRouter({
      clock: d.clock,
      settings: settingsRepo,
      templates,
      queue: this.queue,
      local,
      publicUrl: d.config.publicUrl,
    });
    this.smsNotices = new SmsNotices(d.clock, this.router, this.queue, settingsRepo, local);
    this.settings = new SettingsService(d.db, d.clock, settingsRepo, () => this.#deps.phones);
    this.admin = new NotifyAdminService({
      db: d.db,
      clock: d.clock,
      audit: d.audit,
      box: d.box,
      templates,
      deliveries,
      queue: this.queue,
      router: this.router,
      webhookHosts: c.webhookHosts,
    });
    d.jobs.register(DELIVER_JOB, (job, trx) => this.queue.run(job, trx));
  }

  /** Identity's SMS adapter and phone directory, once identity is registered. */
  connect(parts: { sms: SmsGateway; phones: PhoneDirectory }): void {
    this.#deps.channels.set("sms", new SmsChannel(parts.sms));
    this.#deps.phones = parts.phones;
  }

  close(): void {
    this.#email?.close();
  }
}
