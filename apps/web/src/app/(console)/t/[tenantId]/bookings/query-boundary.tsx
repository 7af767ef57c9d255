"use client";
// Loading and error states for components that read prefetched data with useSuspenseQuery: the server
// streams them once the data is in (so the HTML and the first client render agree), a failed query
// shows the API's message with a Retry, and `resetKey` clears the error when the inputs change.
import { QueryErrorResetBoundary } from "@tanstack/react-query";
import { Component, Suspense, type ReactNode } from "react";
import { apiErrorMessage } from "@/components/api-error";
import { ErrorState, LoadingState } from "@/components/query-state";

export function QueryBoundary({
  label,
  rows,
  resetKey,
  fallback,
  children,
}: {
  /** "bookings" → "Loading bookings…", "Could not load bookings: …". */
  label: string;
  rows?: number;
  resetKey?: string;
  fallback?: ReactNode;
  children: ReactNode;
}) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary label={label} resetKey={resetKey} onReset={reset}>
          <Suspense fallback={fallback ?? <LoadingState label={label} rows={rows} />}>
            {children}
          </Suspense>
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}

interface BoundaryProps {
  label: string;
  resetKey: string | undefined;
  onReset: () => void;
  children: ReactNode;
}

// React still catches render errors only in class components.
class ErrorBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.retry();
  }

  retry = () => {
    this.props.onReset();
    this.setState({ error: null });
  };

  override render() {
    if (this.state.error) {
      return (
        <ErrorState
          label={this.props.label}
          message={apiErrorMessage(this.state.error)}
          onRetry={this.retry}
        />
      );
    }
    return this.props.children;
  }
}
