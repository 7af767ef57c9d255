"use client";
// One delivery in a side drawer: its event, every attempt (status code, latency, the first bytes of
// the answer), the next retry, the payload as sent, and "Replay".
import { useMutation, useQuery, useQueryClient, skipToken } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatInZone } from "@/components/format";
import { QueryState } from "@/components/query-state";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { DeliveryStatusBadge } from "./delivery-status";

const when = (at: Date, timeZone: string) => formatInZone(at, timeZone, "MMM d, yyyy, HH:mm:ss");

export function DeliveryDrawer({
  deliveryId,
  endpointUrl,
  onClose,
}: {
  deliveryId: string | null;
  endpointUrl: (id: string) => string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const query = useQuery(
    trpc.webhooks.deliveries.get.queryOptions(deliveryId ? { id: deliveryId } : skipToken),
  );
  const replay = useMutation(
    trpc.webhooks.deliveries.replay.mutationOptions({
      onSuccess: () => {
        toast.success("Delivery queued again");
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  return (
    <Dialog open={deliveryId !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="top-0 right-0 left-auto h-full max-h-screen max-w-2xl translate-x-0 translate-y-0 content-start rounded-none">
        <DialogHeader>
          <DialogTitle>Webhook delivery</DialogTitle>
          <DialogDescription>Every attempt, newest last. Times in {timeZone}.</DialogDescription>
        </DialogHeader>
        <QueryState query={query} label="the delivery">
          {(d) => (
            <div className="grid min-w-0 gap-4 text-sm">
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
                <dt className="text-muted-foreground">Event</dt>
                <dd>
                  <code className="text-xs">{d.eventType}</code>
                </dd>
                <dt className="text-muted-foreground">Event id (webhook-id)</dt>
                <dd>
                  <code className="text-xs break-all">{d.eventId}</code>
                </dd>
                <dt className="text-muted-foreground">Endpoint</dt>
                <dd className="break-all">{endpointUrl(d.endpointId)}</dd>
                <dt className="text-muted-foreground">Status</dt>
                <dd>
                  <DeliveryStatusBadge status={d.status} />
                </dd>
                <dt className="text-muted-foreground">Created</dt>
                <dd>{when(d.createdAt, timeZone)}</dd>
                <dt className="text-muted-foreground">Next retry</dt>
                <dd>
                  {d.nextAttemptAt && d.status === "pending"
                    ? when(d.nextAttemptAt, timeZone)
                    : "None"}
                </dd>
              </dl>
              <div className="flex gap-2">
                <Button
                  variant="outline"
                  size="sm"
                  disabled={replay.isPending}
                  onClick={() => replay.mutate({ id: d.id })}
                >
                  <RotateCcw aria-hidden /> Replay this delivery
                </Button>
              </div>
              <section aria-labelledby="delivery-attempts-heading" className="grid min-w-0 gap-2">
                <h2 id="delivery-attempts-heading" className="text-base font-semibold">
                  Attempts ({d.attemptLog.length})
                </h2>
                {d.attemptLog.length === 0 ? (
                  <p className="text-muted-foreground">
                    Not attempted yet: the worker sends it within a few seconds.
                  </p>
                ) : (
                  <Table>
                    <caption className="visually-hidden">Attempts of this delivery</caption>
                    <TableHeader>
                      <TableRow>
                        <TableHead>#</TableHead>
                        <TableHead>Time</TableHead>
                        <TableHead>Status code</TableHead>
                        <TableHead>Latency</TableHead>
                        <TableHead>Response (truncated)</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {d.attemptLog.map((a) => (
                        <TableRow key={a.attempt}>
                          <TableCell className="tabular-nums">{a.attempt}</TableCell>
                          <TableCell className="whitespace-nowrap">
                            {when(a.createdAt, timeZone)}
                          </TableCell>
                          <TableCell>
                            {a.statusCode ?? (
                              <span className="text-muted-foreground">no answer</span>
                            )}
                          </TableCell>
                          <TableCell className="tabular-nums">{a.latencyMs} ms</TableCell>
                          <TableCell>
                            <pre className="max-h-24 max-w-64 overflow-auto text-xs break-all whitespace-pre-wrap">
                              {a.response || "—"}
                            </pre>
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </section>
              <section aria-labelledby="delivery-payload-heading" className="grid min-w-0 gap-2">
                <h2 id="delivery-payload-heading" className="text-base font-semibold">
                  Payload
                </h2>
                <pre
                  tabIndex={0}
                  aria-label="Payload as sent"
                  className="max-h-80 overflow-auto rounded-md border bg-muted p-3 text-xs break-all whitespace-pre-wrap"
                >
                  {JSON.stringify(d.payload, null, 2)}
                </pre>
              </section>
            </div>
          )}
        </QueryState>
      </DialogContent>
    </Dialog>
  );
}
