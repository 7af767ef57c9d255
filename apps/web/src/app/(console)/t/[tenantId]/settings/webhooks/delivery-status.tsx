import { Badge } from "@/components/ui/badge";

export function DeliveryStatusBadge({ status }: { status: "pending" | "succeeded" | "failed" }) {
  switch (status) {
    case "succeeded":
      return <Badge variant="success">Succeeded</Badge>;
    case "failed":
      return <Badge variant="destructive">Failed</Badge>;
    case "pending":
      return <Badge variant="warning">Pending</Badge>;
  }
}
