export type { DomainEvent, EventHandler, PublishEvent } from "./events.js";
export { deliveryJobKind, EventBus } from "./events.js";
