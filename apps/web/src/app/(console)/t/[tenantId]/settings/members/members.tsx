"use client";
// Members of the tenant. Everyone may look; admins invite (the accept link is shown once), see and
// revoke pending invitations, change roles and remove members (which revokes what they created). The owner rules (only owners grant or revoke `owner`, the last owner
// stays, nobody raises their own role) are the API's: its refusals arrive as toasts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import type { Role } from "@frontdesk/db";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { NativeSelect } from "@/components/ui/select";
import { useCursorPager } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { MEMBERS_PAGE_SIZE, ROLE_LABELS } from "./constants";
import { InviteMemberDialog } from "./invite-member-dialog";
import { PendingInvitations } from "./pending-invitations";
import { cleanupSummary, RemoveMemberDialog } from "./remove-member-dialog";

type Member = RouterOutputs["members"]["list"]["items"][number];

const ALL_ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly Role[];
const NON_OWNER_ROLES = ["admin", "member", "viewer"] as const satisfies readonly Role[];

function who(m: Member): string {
  return m.name ? `${m.name} (${m.email})` : m.email;
}

export function Members({ currentUserId }: { currentUserId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isAdmin, isOwner, timeZone } = useConsole();
  const pager = useCursorPager();
  const query = useQuery(
    trpc.members.list.queryOptions({ limit: MEMBERS_PAGE_SIZE, cursor: pager.cursor }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });

  const updateRole = useMutation(
    trpc.members.updateRole.mutationOptions({
      onSuccess: (m) => {
        const summary = cleanupSummary(m);
        toast.success(
          `${m.name ?? m.email} is now ${ROLE_LABELS[m.role].toLowerCase()}${summary ? ` (${summary})` : ""}`,
        );
        void refresh();
        if (m.revokedApiKeyIds.length > 0)
          void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  const columns: ColumnDef<Member>[] = [
    {
      id: "member",
      header: "Member",
      accessorFn: (m) => m.name ?? m.email,
      cell: ({ row }) => (
        <div>
          <div className="font-medium">
            {row.original.name ?? row.original.email}
            {row.original.userId === currentUserId ? (
              <Badge variant="outline" className="ml-2">
                You
              </Badge>
            ) : null}
          </div>
          {row.original.name ? (
            <div className="text-xs text-muted-foreground">{row.original.email}</div>
          ) : null}
        </div>
      ),
    },
    {
      id: "role",
      header: "Role",
      accessorFn: (m) => m.role,
      cell: ({ row }) => {
        const m = row.original;
        // Admins may not touch owners; only owners may grant `owner`.
        if (!isAdmin || (m.role === "owner" && !isOwner)) {
          return (
            <Badge variant={m.role === "owner" ? "default" : "secondary"}>
              {ROLE_LABELS[m.role]}
            </Badge>
          );
        }
        const options = isOwner ? ALL_ROLES : NON_OWNER_ROLES;
        const busy = updateRole.isPending && updateRole.variables.userId === m.userId;
        return (
          <NativeSelect
            aria-label={`Role of ${m.email}`}
            className="w-32"
            value={m.role}
            disabled={busy}
            onChange={(e) => {
              const role = options.find((r) => r === e.target.value);
              if (role) updateRole.mutate({ userId: m.userId, role });
            }}
          >
            {options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </NativeSelect>
        );
      },
    },
    {
      id: "joined",
      header: "Joined",
      accessorFn: (m) => m.createdAt.getTime(),
      cell: ({ row }) => formatDateTime(row.original.createdAt, timeZone),
    },
  ];
  if (isAdmin) {
    columns.push({
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const m = row.original;
        if (m.role === "owner" && !isOwner) return null;
        return <RemoveMemberDialog member={m} label={who(m)} isSelf={m.userId === currentUserId} />;
      },
    });
  }

  return (
    <>
      <PageHeader
        title="Members"
        description={
          isAdmin
            ? "Invite people, change their roles, or remove them."
            : "People with access to this tenant. Only admins and owners can invite or change members."
        }
        actions={isAdmin ? <InviteMemberDialog /> : null}
      />
      <QueryState query={query} label="members">
        {(page) => (
          <>
            <PagedDataTable
              page={page}
              pager={pager}
              label="Members"
              columns={columns}
              caption="Members of this tenant"
              getRowId={(m) => m.id}
              empty="No members on this page."
            />
          </>
        )}
      </QueryState>
      {isAdmin ? <PendingInvitations /> : null}
      <RoleGuide />
    </>
  );
}

function RoleGuide() {
  return (
    <details className="mt-6 max-w-2xl text-sm">
      <summary className="cursor-pointer font-medium">What can each role do?</summary>
      <dl className="mt-2 grid grid-cols-[6rem_1fr] gap-x-4 gap-y-1 text-muted-foreground">
        <dt className="font-medium text-foreground">Owner</dt>
        <dd>
          Everything, including billing and deleting the tenant. A tenant always keeps at least one
          owner.
        </dd>
        <dt className="font-medium text-foreground">Admin</dt>
        <dd>Manages members, API keys, settings and policies.</dd>
        <dt className="font-medium text-foreground">Member</dt>
        <dd>Creates and changes bookings, orders, scores and metrics.</dd>
        <dt className="font-medium text-foreground">Viewer</dt>
        <dd>Reads everything, changes nothing.</dd>
      </dl>
    </details>
  );
}
