// The link above a sub-page's header back to the page it belongs to ("All orders").
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

export function BackLink({
  href,
  className,
  children,
}: {
  href: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link href={href} className={cn("mb-4 inline-flex items-center gap-1 text-sm", className)}>
      <ArrowLeft className="size-4" aria-hidden /> {children}
    </Link>
  );
}
