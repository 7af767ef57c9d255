"use client";
// Tables on TanStack Table v8: typed columns, click-to-sort headers (sorting the loaded page), and
// cursor pagination controls for the API's `{ items, nextCursor }` lists.
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { CursorPager } from "./use-url-state";

export type { ColumnDef } from "@tanstack/react-table";

export function DataTable<T>({
  columns,
  data,
  caption,
  empty,
  getRowId,
  initialSorting = [],
}: {
  // ColumnDef's value type varies per column; `any` there is TanStack's own convention.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  data: T[];
  /** Read by screen readers: what the table lists. */
  caption: string;
  empty?: ReactNode;
  getRowId?: (row: T) => string;
  initialSorting?: SortingState;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId,
  });

  return (
    <Table>
      <caption className="visually-hidden">{caption}</caption>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const label = header.isPlaceholder
                ? null
                : flexRender(header.column.columnDef.header, header.getContext());
              return (
                <TableHead
                  key={header.id}
                  aria-sort={
                    sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                  }
                >
                  {header.column.getCanSort() && !header.isPlaceholder ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-foreground"
                      onClick={header.column.getToggleSortingHandler()}
                    >
                      {label}
                      {sorted === "asc" ? (
                        <ArrowUp className="size-3" aria-hidden />
                      ) : sorted === "desc" ? (
                        <ArrowDown className="size-3" aria-hidden />
                      ) : (
                        <ArrowUpDown className="size-3 opacity-60" aria-hidden />
                      )}
                    </button>
                  ) : (
                    label
                  )}
                </TableHead>
              );
            })}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.length === 0 ? (
          <TableRow>
            <TableCell colSpan={columns.length} className="py-8 text-center text-muted-foreground">
              {empty ?? "Nothing here yet."}
            </TableCell>
          </TableRow>
        ) : (
          table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </TableCell>
              ))}
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}

/** "Page N" with Previous / Next for a cursor-paginated list. */
export function Pagination({
  pager,
  nextCursor,
  label,
}: {
  pager: CursorPager;
  nextCursor: string | null | undefined;
  label: string;
}) {
  if (!pager.hasPrevious && !nextCursor) return null;
  return (
    <nav aria-label={`${label} pages`} className="mt-3 flex items-center justify-end gap-2 text-sm">
      <span className="text-muted-foreground">Page {pager.page}</span>
      <Button variant="outline" size="sm" disabled={!pager.hasPrevious} onClick={pager.previous}>
        <ChevronLeft aria-hidden /> Previous
      </Button>
      <Button
        variant="outline"
        size="sm"
        disabled={!nextCursor}
        onClick={() => nextCursor && pager.next(nextCursor)}
      >
        Next <ChevronRight aria-hidden />
      </Button>
    </nav>
  );
}

/** One page of a cursor-paginated list: the table of its items and the Previous / Next controls. */
export function PagedDataTable<T>({
  page,
  pager,
  label,
  ...table
}: Omit<Parameters<typeof DataTable<T>>[0], "data"> & {
  page: { items: T[]; nextCursor: string | null | undefined };
  pager: CursorPager;
  /** Names the pagination landmark: "Bookings" → "Bookings pages". */
  label: string;
}) {
  return (
    <>
      <DataTable {...table} data={page.items} />
      <Pagination pager={pager} nextCursor={page.nextCursor} label={label} />
    </>
  );
}
