"use client";
// Correcting (`scores.update`) and deleting (`scores.delete`, confirmed) a score, for members and up.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import { draftOf, formatScoreValue, parseScoreValue, type ValueDraft } from "./score-forms";
import { ScoreValueInput } from "./score-value-input";
import type { Score, ScoreConfig } from "./scores-view";

export function EditScoreDialog({
  score,
  config,
  onClose,
}: {
  score: Score;
  config: ScoreConfig | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const computed = score.source === "rubric";
  const [draft, setDraft] = useState<ValueDraft>(draftOf(score.value));
  const [comment, setComment] = useState(score.comment ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const update = useMutation(
    trpc.scores.update.mutationOptions({
      onSuccess: async (updated) => {
        toast.success(`Score "${updated.name}" of session ${updated.sessionId} updated`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not update the score: ${apiErrorMessage(error)}`),
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: { id: string; value?: string | number | boolean; comment?: string | null } = {
      id: score.id,
    };
    if (!computed) {
      const parsed = parseScoreValue(score.kind, draft, config);
      if (!parsed.ok) {
        setProblem(parsed.message);
        return;
      }
      if (parsed.value !== score.value) input.value = parsed.value;
    }
    setProblem(null);
    const nextComment = comment.trim() === "" ? null : comment.trim();
    if (nextComment !== score.comment) input.comment = nextComment;
    if (input.value === undefined && input.comment === undefined) {
      onClose();
      return;
    }
    update.mutate(input);
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Correct score “{score.name}”</DialogTitle>
            <DialogDescription>
              Session <span className="font-mono">{score.sessionId}</span>. The previous value is
              kept in the audit log.
            </DialogDescription>
          </DialogHeader>
          {computed ? (
            <p className="text-sm text-muted-foreground">
              Rubric scores are computed, so only the comment can change (value{" "}
              {formatScoreValue(score.value)}). To disagree, annotate the session instead.
            </p>
          ) : (
            <ScoreValueInput
              id={`${ids}-value`}
              kind={score.kind}
              config={config}
              value={draft}
              onChange={setDraft}
              problem={problem}
            />
          )}
          <div className="grid gap-1.5">
            <Label htmlFor={`${ids}-comment`}>Comment</Label>
            <Textarea
              id={`${ids}-comment`}
              value={comment}
              maxLength={5000}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Save changes"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function DeleteScoreDialog({
  score,
  onClose,
}: {
  score: Score | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.scores.delete.mutationOptions({
      onSuccess: async (deleted) => {
        toast.success(`Score "${deleted.name}" of session ${deleted.sessionId} deleted`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not delete the score: ${apiErrorMessage(error)}`),
    }),
  );
  return (
    <AlertDialog open={score !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this score?</AlertDialogTitle>
          <AlertDialogDescription>
            {score ? (
              <>
                “{score.name}” = {formatScoreValue(score.value)} for session{" "}
                <span className="font-mono">{score.sessionId}</span> leaves lists and summaries. The
                record stays in the audit trail.
              </>
            ) : null}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={remove.isPending}
            onClick={(e) => {
              // Keep the dialog open until the API answers.
              e.preventDefault();
              if (score) remove.mutate({ id: score.id });
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete score"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
