"use client";
// "Replay since…": every delivery of one endpoint created at or after a time is queued again (the
// same event ids, so receivers that deduplicate are safe), e.g. after fixing a broken receiver.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogFormFooter } from "@/components/dialog-form-footer";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useTRPC } from "@/trpc/react";
import { REPLAY_WINDOW_DAYS, replaySince, toDateTimeInput } from "./replay-since";

export function ReplaySinceDialog({ endpoints }: { endpoints: { id: string; url: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const [open, setOpen] = useState(false);
  const [endpointId, setEndpointId] = useState("");
  const [since, setSince] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const replay = useMutation(
    trpc.webhooks.deliveries.replay.mutationOptions({
      onSuccess: ({ queued }) => {
        toast.success(
          queued === 1 ? "1 delivery queued again" : `${queued} deliveries queued again`,
        );
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() });
        setOpen(false);
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    setOpen(next);
    if (next) {
      // Default: the last hour, on the first endpoint.
      setEndpointId((current) => current || endpoints[0]?.id || "");
      setSince(toDateTimeInput(new Date(Date.now() - 3600_000), timeZone));
      setProblem(null);
      replay.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const parsed = replaySince(since, timeZone, new Date());
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    if (!endpointId) {
      setProblem("Choose an endpoint.");
      return;
    }
    setProblem(null);
    replay.mutate({ endpointId, since: parsed.since });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" disabled={endpoints.length === 0}>
          <History aria-hidden /> Replay since…
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          onSubmit={onSubmit}
          className="grid gap-4"
          aria-describedby={problem ? "replay-since-error" : undefined}
        >
          <DialogHeader>
            <DialogTitle>Replay deliveries since a time</DialogTitle>
            <DialogDescription>
              Every delivery to the endpoint created at or after this time is sent again with its
              original event id, up to {REPLAY_WINDOW_DAYS} days back. Times in {timeZone}.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="replay-endpoint">Endpoint</Label>
            <NativeSelect
              id="replay-endpoint"
              value={endpointId}
              onChange={(e) => setEndpointId(e.target.value)}
            >
              {endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.url}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="replay-since">Since</Label>
            <Input
              id="replay-since"
              type="datetime-local"
              required
              className="max-w-64"
              value={since}
              onChange={(e) => setSince(e.target.value)}
            />
          </div>
          {problem ? (
            <p id="replay-since-error" role="alert" className="text-sm text-destructive">
              {problem}
            </p>
          ) : null}
          <DialogFormFooter
            onCancel={() => onOpenChange(false)}
            pending={replay.isPending}
            submitLabel="Replay deliveries"
            pendingLabel="Queuing…"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
