#!/usr/bin/env bash
# wave_png.sh WAVE SAVEFILE PNG -- render a waveform to a PNG: GTKWave with
# the layout SAVEFILE, zoomed to the whole dump, in a virtual X display
# (Xvfb), captured with ImageMagick's import.
set -eu
wave=$1 save=$2 png=$3
tcl=$(mktemp --suffix=.tcl)
trap 'rm -f "$tcl"' EXIT
cat >"$tcl" <<'TCL'
gtkwave::/Time/Zoom/Zoom_Full
TCL
rm -f "$png"
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
    gtkwave -a "$1" -S "$2" "$3" >/dev/null 2>&1 &
    pid=$!
    for i in $(seq 1 40); do
        sleep 0.25
        xdotool search --name "GTKWave" >/dev/null 2>&1 && break
    done
    sleep 2
    import -window root "$4"
    kill $pid' _ "$save" "$tcl" "$wave" "$png"
[ -s "$png" ] || { echo "wave_png: no picture was made"; exit 1; }
echo "wrote $png"
