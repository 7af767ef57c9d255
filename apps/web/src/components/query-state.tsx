"use client";
// The three states every data view has besides "here is your data": loading, failed (with the API's
// message, which is written for people, and a retry), and empty (with what to do next).
import { AlertCircle, Inbox } from "lucide-react";
import type { ReactNode } from "react";
import { apiErrorMessage, type ApiErrorLike } from "@/components/api-error";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: ApiErrorLike | null;
  refetch: () => unknown;
}

export function LoadingState({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" className="space-y-2 py-2">
      <span className="visually-hidden">Loading {label}…</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-8 w-full" />
      ))}
    </div>
  );
}

export function ErrorState({
  label,
  message,
  onRetry,
}: {
  label: string;
  message: string;
  onRetry?: () => unknown;
}) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
    >
      <AlertCircle className="size-4 shrink-0" aria-hidden />
      <span>
        Could not load {label}: {message}
      </span>
      {onRetry ? (
        <Button size="sm" variant="outline" onClick={() => void onRetry()}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-md border border-dashed p-8 text-center">
      <Inbox className="size-6 text-muted-foreground" aria-hidden />
      <p className="font-medium">{title}</p>
      {children ? <div className="max-w-md text-sm text-muted-foreground">{children}</div> : null}
      {action}
    </div>
  );
}

/**
 * Renders loading / error / empty, or `children(data)`. `isEmpty` decides emptiness (default: an
 * array or `{ items }` with no elements). `failure` may render a failure the page words itself (an
 * order that is not found); when it returns undefined the generic error with a retry is shown.
 */
export function QueryState<T>({
  query,
  label,
  empty,
  isEmpty = defaultIsEmpty,
  loadingRows,
  failure,
  children,
}: {
  query: QueryLike<T>;
  label: string;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  loadingRows?: number;
  failure?: (error: ApiErrorLike | null) => ReactNode | undefined;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState label={label} rows={loadingRows} />;
  if (query.isError || query.data === undefined) {
    const own = failure?.(query.error);
    if (own !== undefined) return <>{own}</>;
    return (
      <ErrorState label={label} message={apiErrorMessage(query.error)} onRetry={query.refetch} />
    );
  }
  if (empty !== undefined && isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}

function defaultIsEmpty(data: unknown): boolean {
  if (Array.isArray(data)) return data.length === 0;
  if (typeof data === "object" && data !== null && "items" in data && Array.isArray(data.items))
    return data.items.length === 0;
  return false;
}
