/** The console's sections, in sidebar order ("" is the dashboard). */
export const SECTIONS = [
  { slug: "", label: "Dashboard" },
  { slug: "bookings", label: "Bookings" },
  { slug: "orders", label: "Orders" },
  { slug: "scores", label: "Scores" },
  { slug: "metrics", label: "Metrics" },
  { slug: "phi", label: "PHI" },
  { slug: "settings", label: "Settings" },
  { slug: "health", label: "Health", adminOnly: true },
] as const;

export type SectionSlug = (typeof SECTIONS)[number]["slug"];
