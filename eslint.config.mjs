import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The pipeline's meaning (windowing, sources, transforms) is the same on every runner: it never reaches into one.
    files: ["transforms/**/*.ts", "pipelines/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/runners/**"], message: "transforms/ and pipelines/ never import runners/" },
          ],
        },
      ],
    },
  },
);
