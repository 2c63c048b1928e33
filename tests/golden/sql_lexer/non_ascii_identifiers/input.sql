CREATE TABLE über_größe (naïve_列 int, "ключ" text, 𝒳 bigint);
