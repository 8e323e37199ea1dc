-- Full-text search of the network directory: German stemming plus a 'simple' copy of the name
-- (so proper names are found as typed), both without accents. unaccent() is not IMMUTABLE, so the
-- vector is kept up to date by a trigger instead of a generated column.
CREATE OR REPLACE FUNCTION network_actors_search_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('german', unaccent(coalesce(NEW.name, ''))), 'A') ||
    setweight(to_tsvector('simple', unaccent(coalesce(NEW.name, ''))), 'A') ||
    setweight(to_tsvector('german', unaccent(
      array_to_string(NEW.fields, ' ') || ' ' || array_to_string(NEW.target_groups, ' ') || ' ' || coalesce(NEW.org_type, '')
    )), 'B') ||
    setweight(to_tsvector('german', unaccent(
      coalesce(NEW.description, '') || ' ' || coalesce(NEW.street, '') || ' ' || coalesce(NEW.city, '') || ' ' || array_to_string(NEW.languages, ' ')
    )), 'C');
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER network_actors_search_trg
  BEFORE INSERT OR UPDATE ON network_actors
  FOR EACH ROW EXECUTE FUNCTION network_actors_search_update();
