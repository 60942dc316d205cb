-- stands for a migration another change adds later: its table and function must come out locked down too
create table later_table (id bigint generated always as identity primary key, note text);
create function later_function() returns integer language sql as 'select 1';
