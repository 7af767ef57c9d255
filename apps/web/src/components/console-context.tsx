"use client";
// Who is looking at the console, for rendering only: viewers get no mutation controls and members no
// admin controls. The API enforces the same rules on every call (policy map), so this is UX, not security.
import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@frontdesk/db";

export interface ConsoleInfo {
  tenantId: string;
  tenantName: string;
  role: Role;
  /** The tenant's IANA time zone: availability, buckets and displayed times use it. */
  timeZone: string;
  /** member and above: create/update domain data. */
  canWrite: boolean;
  /** admin and above: members, API keys, policies, health. */
  isAdmin: boolean;
  /** owner: billing, deleting the tenant. */
  isOwner: boolean;
}

const ConsoleContext = createContext<ConsoleInfo | null>(null);

export function ConsoleProvider({
  value,
  children,
}: {
  value: Omit<ConsoleInfo, "canWrite" | "isAdmin" | "isOwner">;
  children: ReactNode;
}) {
  const info: ConsoleInfo = {
    ...value,
    canWrite: value.role !== "viewer",
    isAdmin: value.role === "owner" || value.role === "admin",
    isOwner: value.role === "owner",
  };
  return <ConsoleContext.Provider value={info}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleInfo {
  const info = useContext(ConsoleContext);
  if (!info) throw new Error("useConsole() must be used inside the console layout");
  return info;
}
