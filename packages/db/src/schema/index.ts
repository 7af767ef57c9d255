export * from "./platform";
export * from "./bookings";
export * from "./scores";
export * from "./metrics";
export * from "./orders";
export * from "./phi";
export * from "./webhooks";
export * from "./email";
