// Small non-variadic wrappers around libedit's variadic el_set/history, which Swift cannot call
// (its other functions Swift calls directly). Include <histedit.h>, never <readline/readline.h>.
//
// libedit is linked in (from libedit.a, with libtinfo, libbsd and libmd, all from libedit-dev
// and what it depends on), as everything is in the static stance executable: a start loads no
// library, so a script, a pipe or `-c` does not pay for the line editor it does not use.
#ifndef STANCE_CLIBEDIT_SHIM_H
#define STANCE_CLIBEDIT_SHIM_H
#include <histedit.h>
#include <stdio.h>
#include <signal.h>
#include <locale.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <termios.h>
#include <sys/ioctl.h>

typedef char *(*stance_prompt_fn)(EditLine *);
typedef unsigned char (*stance_el_fn)(EditLine *, int);

/* The editor writes to stdout, or to stderr when stdout is not a terminal (`stance > out`). Swift
   6 rejects the stdin/stdout/stderr globals, so they are passed here, in C. */
static inline EditLine *stance_el_init(const char *prog, int display_on_stderr) {
    return el_init(prog, stdin, display_on_stderr ? stderr : stdout, stderr);
}
/* Text between two \1 in the prompt takes no room (colour sequences). */
static inline int stance_el_set_prompt_esc(EditLine *e, stance_prompt_fn f) { return el_set(e, EL_PROMPT_ESC, f, '\1'); }
static inline int stance_el_prep_term(EditLine *e, int raw) { return el_set(e, EL_PREP_TERM, raw); }
static inline int stance_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
static inline int stance_el_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }
static inline int stance_el_set_hist(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
static inline int stance_el_addfn(EditLine *e, const char *name, const char *help, stance_el_fn f) {
    return el_set(e, EL_ADDFN, name, help, f);
}
static inline int stance_el_bind(EditLine *e, const char *key, const char *fn) {
    return el_set(e, EL_BIND, key, fn, NULL);
}

static inline int stance_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int stance_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int stance_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int stance_history_load(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_LOAD, file); }
static inline int stance_history_save(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_SAVE, file); }

/* SIGINT without SA_RESTART, so that el_gets returns NULL with errno EINTR. */
/* Flags shared by every object file that includes this header: weak definitions, merged into one
   by the linker (a `static` would give each Swift file its own copy). */
__attribute__((weak)) volatile sig_atomic_t stance_signal_seen = 0;
static inline void stance_on_signal(int sig) { stance_signal_seen = sig; }
static inline int stance_install_signal(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = stance_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    int r = sigaction(sig, &sa, NULL);
    /* A parent may have spawned us with the signal blocked: unblock it. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    return r;
}
static inline void stance_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
static inline int stance_take_signal(void) { int s = stance_signal_seen; stance_signal_seen = 0; return s; }
static inline int stance_peek_signal(void) { return stance_signal_seen; }

/* Resize and suspend: flags of their own, set with SA_RESTART (a resize must not break a write
   or an fsync); the editor's reads wait in poll(), which a signal always interrupts. */
__attribute__((weak)) volatile sig_atomic_t stance_winch_seen = 0;
__attribute__((weak)) volatile sig_atomic_t stance_tstp_seen = 0;
static inline void stance_on_winch(int sig) { (void)sig; stance_winch_seen = 1; }
static inline void stance_on_tstp(int sig) { (void)sig; stance_tstp_seen = 1; }
static inline void stance_install_restarting(int sig, void (*h)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, NULL);
}
static inline void stance_install_editor_signals(void) {
    stance_install_restarting(SIGWINCH, stance_on_winch);
    stance_install_restarting(SIGTSTP, stance_on_tstp);
}

/* Called once a read would wait: work that can be done while nobody types (index warm-up). */
typedef void (*stance_idle_fn)(void);
__attribute__((weak)) stance_idle_fn stance_idle = NULL;
__attribute__((weak)) int stance_display_fd = 1;
static inline void stance_set_display_fd(int fd) { stance_display_fd = fd; }
static inline void stance_set_idle(stance_idle_fn f) { stance_idle = f; }

/* The editor's read function (EL_GETCFN): one character from fd 0, decoded from the locale's
   multibyte encoding. A resize redraws and goes on; Ctrl-Z restores the terminal, stops, and
   redraws on return; SIGINT, SIGTERM or SIGHUP end the read with -1 (el_gets returns NULL with
   count -1). Returns 0 at end of file. */
#include <poll.h>
#include <wchar.h>
#include <limits.h>
static inline int stance_getc(EditLine *el, wchar_t *wc) {
    char buf[MB_LEN_MAX];
    size_t n = 0;
    mbstate_t st;
    int idle_done = 0;
    for (;;) {
        if (stance_signal_seen) { errno = EINTR; return -1; }
        if (stance_winch_seen) {
            stance_winch_seen = 0;
            el_resize(el);
            /* Back to the start of the row and clear below, then draw prompt and line again. */
            if (write(stance_display_fd, "\r\033[J", 4) < 0) { /* nothing to do */ }
            el_set(el, EL_REFRESH);
        }
        if (stance_tstp_seen) {
            stance_tstp_seen = 0;
            el_set(el, EL_PREP_TERM, 0);
            signal(SIGTSTP, SIG_DFL);
            kill(getpid(), SIGTSTP);
            stance_install_restarting(SIGTSTP, stance_on_tstp);
            el_set(el, EL_PREP_TERM, 1);
            el_set(el, EL_REFRESH);
        }
        struct pollfd p = { 0, POLLIN, 0 };
        int timeout = (!idle_done && n == 0 && stance_idle != NULL) ? 0 : -1;
        int r = poll(&p, 1, timeout);
        if (r < 0) {
            /* A resize or Ctrl-Z is handled above; any other signal (ours: SIGINT, SIGTERM,
               SIGHUP) ends the read. */
            if (errno == EINTR && (stance_winch_seen || stance_tstp_seen)) continue;
            return -1;
        }
        if (r == 0) { idle_done = 1; stance_idle(); continue; }
        ssize_t k = read(0, buf + n, 1);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (k == 0) return 0;
        n++;
        memset(&st, 0, sizeof st);
        size_t d = mbrtowc(wc, buf, n, &st);
        if (d == (size_t)-2 && n < sizeof buf) continue;
        if (d == (size_t)-1 || d == (size_t)-2) { *wc = 0xFFFD; return 1; }
        if (d == 0) *wc = 0;
        return 1;
    }
}
static inline int stance_el_set_getc(EditLine *e) { return el_set(e, EL_GETCFN, stance_getc); }

static inline const char *stance_setlocale(void) {
    const char *l = setlocale(LC_CTYPE, "");
    if (l == NULL || strstr(l, "UTF-8") == NULL && strstr(l, "utf8") == NULL) {
        const char *u = setlocale(LC_CTYPE, "C.UTF-8");
        if (u != NULL) return u;
    }
    return l;
}
static inline int stance_terminal_width(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}
#endif
