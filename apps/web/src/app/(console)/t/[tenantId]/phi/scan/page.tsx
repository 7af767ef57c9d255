// PHI › Scan: try text against the tenant's policy. Nothing to prefetch: a scan is a mutation.
import type { Metadata } from "next";
import { ScanPlayground } from "./scan-playground";

export const metadata: Metadata = { title: "PHI scan" };

export default function PhiScanPage() {
  return <ScanPlayground />;
}
