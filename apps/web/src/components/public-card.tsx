// The frame of the console's public account pages (verify email, forgot and reset password): one
// card in the middle of the page, its title the page's only h1.
import type { ReactNode } from "react";

export function PublicCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="grid w-full max-w-md gap-4 rounded-lg border bg-card p-8 shadow-xs">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
