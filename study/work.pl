# The study's interpreter workload (study/study.sh runs it under Debian's
# perl): a fixed, seeded mix of what scripts do -- word counts in a hash,
# string building, splitting and regular expressions, sorting records, sprintf
# -- printing one digest line so that a wrong run is visible. The generator
# is its own LCG, so the run is the same on every perl.
use strict;
use warnings;

my $s = 14;
sub rnd { $s = ($s * 1103515245 + 12345) % 2147483648; return $s / 2147483648; }

my @syll = qw(ka to ri me su na lo pe di ga mu ve sho tra ble con ex ing);
my @vocab;
for (1 .. 600) {
    my $w = '';
    $w .= $syll[int(rnd() * @syll)] for 0 .. int(rnd() * 4);
    push @vocab, $w;
}

my %count;
my @lines;
for my $l (1 .. 150) {
    my @w = map { $vocab[int(rnd() ** 2 * @vocab)] } 1 .. 3 + int(rnd() * 10);
    push @lines, join(' ', @w) . '.';
}
for my $line (@lines) {
    for my $w (split /\W+/, $line) {
        next unless length $w;
        $count{$w}++;
    }
}
my @top = (sort { $count{$b} <=> $count{$a} or $a cmp $b } keys %count)[0 .. 9];

my @rec = map { { id => $_, name => $vocab[int(rnd() * @vocab)], score => rnd() } } 1 .. 300;
my @ranked = sort { $a->{score} <=> $b->{score} or $a->{id} <=> $b->{id} } @rec;
my $csv = join("\n", map { sprintf("%d,%s,%.6f", $_->{id}, $_->{name}, $_->{score}) } @ranked);
my $hits = () = $csv =~ /,(?:ka|to)[a-z]*ri/g;
(my $up = $csv) =~ s/([aeiou])\1/\U$1$1/g;

printf "%s %d %d %d %d\n", $top[0], scalar(keys %count), length($csv), $hits, length($up);
