// Small non-variadic wrappers around libedit's variadic el_set/el_get/history,
// which Swift cannot call. Include <histedit.h>, never <readline/readline.h>.
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

/* Swift 6 rejects the stdin/stdout/stderr globals: hand them over from C. */
static inline FILE *stance_stdin(void) { return stdin; }
static inline FILE *stance_stdout(void) { return stdout; }
static inline FILE *stance_stderr(void) { return stderr; }

static inline EditLine *stance_el_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}
static inline int stance_el_set_prompt(EditLine *e, stance_prompt_fn f) { return el_set(e, EL_PROMPT, f); }
static inline int stance_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
static inline int stance_el_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }
static inline int stance_el_set_hist(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
static inline int stance_el_set_clientdata(EditLine *e, void *d) { return el_set(e, EL_CLIENTDATA, d); }
static inline void *stance_el_get_clientdata(EditLine *e) { void *d = NULL; el_get(e, EL_CLIENTDATA, &d); return d; }
static inline int stance_el_addfn(EditLine *e, const char *name, const char *help, stance_el_fn f) {
    return el_set(e, EL_ADDFN, name, help, f);
}
static inline int stance_el_bind(EditLine *e, const char *key, const char *fn) {
    return el_set(e, EL_BIND, key, fn, NULL);
}
static inline int stance_el_source(EditLine *e, const char *file) { return el_source(e, file); }

static inline History *stance_history_init(void) { return history_init(); }
static inline void stance_history_end(History *h) { history_end(h); }
static inline int stance_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int stance_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int stance_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int stance_history_load(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_LOAD, file); }
static inline int stance_history_save(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_SAVE, file); }

/* SIGINT without SA_RESTART, so that el_gets returns NULL with errno EINTR. */
static volatile sig_atomic_t stance_signal_seen = 0;
static inline void stance_on_signal(int sig) { stance_signal_seen = sig; }
static inline int stance_install_signal(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = stance_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    return sigaction(sig, &sa, NULL);
}
static inline void stance_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
static inline int stance_take_signal(void) { int s = stance_signal_seen; stance_signal_seen = 0; return s; }
static inline int stance_peek_signal(void) { return stance_signal_seen; }

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
