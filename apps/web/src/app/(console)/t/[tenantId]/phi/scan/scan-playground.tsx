"use client";
// The scan playground: paste text, see what the tenant's policy would do with a write of it. By default
// nothing is stored (record: false); with "Record events" on, findings are written as masked events
// like any write's. The raw findings are never shown: only the API's masked values and positions.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { EmptyState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { formatNumber } from "@/components/format";
import { useTRPC } from "@/trpc/react";
import { useHydrated } from "@/components/use-hydrated";
import { PHI_TYPE_DESCRIPTIONS, POLICY_ACTION_INFO, SCAN_OUTCOME_INFO } from "../phi-labels";

/** The API's limit (MAX_SCAN_CHARS). */
const MAX_SCAN_CHARS = 100_000;

type ScanResult = RouterOutputs["phi"]["scan"];

export function ScanPlayground() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite } = useConsole();
  const [text, setText] = useState("");
  const [record, setRecord] = useState(false);
  const [result, setResult] = useState<{ scan: ScanResult; recorded: boolean } | null>(null);
  const hydrated = useHydrated();
  const ids = { text: useId(), record: useId(), recordHint: useId(), count: useId() };

  const scan = useMutation(
    trpc.phi.scan.mutationOptions({
      onSuccess: (scan, input) => {
        const recorded = input.record === true && scan.action !== "allowed";
        setResult({ scan, recorded });
        const found =
          scan.findings.length === 0
            ? "no PHI found"
            : `${scan.findings.length} finding${scan.findings.length === 1 ? "" : "s"}`;
        toast.success(`Scan complete: ${found}${recorded ? ", events recorded" : ""}`);
        if (recorded) void queryClient.invalidateQueries({ queryKey: trpc.phiEvents.pathKey() });
      },
      onError: (error) => toast.error(`Scan failed: ${apiErrorMessage(error)}`),
    }),
  );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (text.length === 0) return;
    scan.mutate({ text, record });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card aria-labelledby="phi-scan-heading">
        <CardHeader>
          <CardTitle id="phi-scan-heading">Scan playground</CardTitle>
          <CardDescription>
            Check a text against this tenant&apos;s PHI policy. Nothing is stored unless “Record
            events” is on; every scan counts towards the plan&apos;s PHI scan usage.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {canWrite ? (
            <form onSubmit={submit}>
              <fieldset disabled={!hydrated} className="space-y-4">
                <div className="grid gap-2">
                  <Label htmlFor={ids.text}>Text to scan</Label>
                  <Textarea
                    id={ids.text}
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    maxLength={MAX_SCAN_CHARS}
                    rows={8}
                    placeholder="e.g. Patient called from 555-123-4567 about SSN 123-45-6789"
                    aria-describedby={ids.count}
                  />
                  <p id={ids.count} className="text-xs text-muted-foreground">
                    {formatNumber(text.length)} / {formatNumber(MAX_SCAN_CHARS)} characters
                  </p>
                </div>
                <div className="flex items-start gap-3">
                  <Switch
                    id={ids.record}
                    checked={record}
                    onCheckedChange={setRecord}
                    aria-describedby={ids.recordHint}
                  />
                  <div className="grid gap-1">
                    <Label htmlFor={ids.record}>Record events</Label>
                    <p id={ids.recordHint} className="text-xs text-muted-foreground">
                      Off: the text is checked and discarded, nothing is stored. On: each finding is
                      recorded as a masked detection event (source phi.scan), and an alert is queued
                      if the policy alerts.
                    </p>
                  </div>
                </div>
                <Button type="submit" disabled={scan.isPending || text.length === 0}>
                  {scan.isPending ? "Scanning…" : "Scan"}
                </Button>
              </fieldset>
            </form>
          ) : (
            <p className="text-sm text-muted-foreground">
              Scanning needs the member role or higher; viewers can read events, stats and the
              policy.
            </p>
          )}
        </CardContent>
      </Card>

      <section aria-labelledby="phi-scan-result-heading" className="space-y-4">
        <h2 id="phi-scan-result-heading">Result</h2>
        <p role="status" className="visually-hidden">
          {result
            ? `Scan result: ${SCAN_OUTCOME_INFO[result.scan.action].label}, ${result.scan.findings.length} findings`
            : ""}
        </p>
        {result === null ? (
          <EmptyState title="No scan yet">
            Enter some text and press Scan to see what the policy would do with it.
          </EmptyState>
        ) : (
          <ScanResultView scan={result.scan} recorded={result.recorded} />
        )}
      </section>
    </div>
  );
}

function ScanResultView({ scan, recorded }: { scan: ScanResult; recorded: boolean }) {
  const outcome = SCAN_OUTCOME_INFO[scan.action];
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Action:</span>
        <Badge variant={outcome.variant}>{outcome.label}</Badge>
        <span className="text-muted-foreground">{outcome.explanation}</span>
      </p>
      <p className="text-xs text-muted-foreground">
        {recorded
          ? "The findings were recorded as events (see the Events tab)."
          : "Nothing was recorded."}
      </p>
      <div className="space-y-1">
        <h3 id="phi-scan-redacted">Redacted text</h3>
        <pre
          aria-labelledby="phi-scan-redacted"
          className="max-h-64 overflow-auto rounded-md border bg-card p-3 text-sm break-words whitespace-pre-wrap"
        >
          {scan.redactedText || " "}
        </pre>
      </div>
      <div className="space-y-1">
        <h3>Findings</h3>
        {scan.findings.length === 0 ? (
          <p className="text-sm text-muted-foreground">No PHI found.</p>
        ) : (
          <Table>
            <caption className="visually-hidden">PHI findings in the scanned text</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Type</TableHead>
                <TableHead>Position</TableHead>
                <TableHead>Masked</TableHead>
                <TableHead>Policy</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {scan.findings.map((f) => (
                <TableRow key={`${f.start}-${f.end}-${f.type}`}>
                  <TableCell>
                    <Badge variant="outline" title={PHI_TYPE_DESCRIPTIONS[f.type]}>
                      {f.type}
                    </Badge>
                  </TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">
                    {f.start}–{f.end}
                  </TableCell>
                  <TableCell>
                    <code className="rounded bg-muted px-1 py-0.5 text-xs break-all">
                      {f.masked}
                    </code>
                  </TableCell>
                  <TableCell>{POLICY_ACTION_INFO[f.policyAction].label}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </div>
  );
}
