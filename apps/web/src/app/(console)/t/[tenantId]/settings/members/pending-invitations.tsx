"use client";
// Pending invitations (admins): who has been invited, by whom, until when — and Revoke, so a link
// sent to the wrong address (or by someone who has since left) stops working before it is used.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { DataTable, type ColumnDef } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import { QueryState } from "@/components/query-state";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { INVITATIONS_INPUT, ROLE_LABELS } from "./constants";

type PendingInvitation = RouterOutputs["members"]["listInvitations"]["items"][number];

export function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const query = useQuery(trpc.members.listInvitations.queryOptions(INVITATIONS_INPUT));
  const revoke = useMutation(
    trpc.members.revokeInvitation.mutationOptions({
      onSuccess: (invitation) => {
        toast.success(`Invitation for ${invitation.email} revoked`);
        void queryClient.invalidateQueries({ queryKey: trpc.members.listInvitations.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  const columns: ColumnDef<PendingInvitation>[] = [
    {
      id: "email",
      header: "Invited address",
      accessorFn: (i) => i.email,
      cell: ({ row }) => <span className="break-all">{row.original.email}</span>,
    },
    { id: "role", header: "Role", accessorFn: (i) => ROLE_LABELS[i.role] },
    {
      id: "invitedBy",
      header: "Invited by",
      accessorFn: (i) => i.invitedByEmail ?? "",
      cell: ({ row }) => <span className="break-all">{row.original.invitedByEmail ?? "—"}</span>,
    },
    {
      id: "expires",
      header: "Expires",
      accessorFn: (i) => i.expiresAt.getTime(),
      cell: ({ row }) => formatDateTime(row.original.expiresAt, timeZone),
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const invitation = row.original;
        return (
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button
                variant="outline"
                size="sm"
                aria-label={`Revoke the invitation for ${invitation.email}`}
              >
                Revoke
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Revoke the invitation for {invitation.email}?</AlertDialogTitle>
                <AlertDialogDescription>
                  The link stops working at once. You can invite them again later.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction onClick={() => revoke.mutate({ id: invitation.id })}>
                  Revoke invitation
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        );
      },
    },
  ];

  return (
    <section aria-labelledby="pending-invitations" className="mt-8 grid gap-3">
      <h2 id="pending-invitations" className="text-lg font-semibold">
        Pending invitations
      </h2>
      <QueryState query={query} label="invitations">
        {(page) => (
          <DataTable
            columns={columns}
            data={page.items}
            caption="Invitations that have not been accepted yet"
            getRowId={(i) => i.id}
            empty="No pending invitations."
          />
        )}
      </QueryState>
    </section>
  );
}
