// Tailwind CSS v4 runs as a PostCSS plugin in Next's pipeline.
export default { plugins: { "@tailwindcss/postcss": {} } };
