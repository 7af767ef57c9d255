"use client";
// The frames the dashboard's panels share: a headline number card, and a titled card that links to
// the page holding the rest.
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function StatCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardDescription className="font-medium text-gray-700">{title}</CardDescription>
      </CardHeader>
      <CardContent>
        <div className="text-2xl font-semibold tabular-nums">{children}</div>
        {footer ? <p className="mt-1 text-xs text-muted-foreground">{footer}</p> : null}
      </CardContent>
    </Card>
  );
}

export function Panel({
  title,
  href,
  linkLabel,
  children,
}: {
  title: ReactNode;
  href: string;
  linkLabel: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{title}</CardTitle>
        <Link href={href} className="text-sm">
          {linkLabel}
        </Link>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}
