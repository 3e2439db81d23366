/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A harmless stand-in for the worms in the live tests under Wine: the tests copy it into a
 * Windows prefix under a worm's name (C:\windows\system32\msblast.exe, ...wins\dllhost.exe) and
 * start it, so that the scanner sees what a running worm shows from outside: a process with
 * that image path, a named mutex, a listener on a port. It does nothing else: it never accepts
 * a connection, never reads or sends a packet, never writes a file.
 *
 *   stand-in.exe [--mutex NAME]... [--tcp PORT]... [--udp PORT]...
 *   stand-in.exe --service
 *
 * Listeners are on 127.0.0.1 only. Once everything is held it prints one line "ready" on
 * stdout, then waits until its stdin closes or 120 seconds pass, and exits (which releases
 * everything). When something cannot be held it says what on stderr, in one line
 * "stand-in: cannot hold TCP|UDP|mutex WHAT: error N", and exits with status 3. A wrong
 * command line exits with status 2.
 *
 * With --service it is a service program instead (sc create NAME binPath= "…\stand-in.exe
 * --service", then sc start NAME), as the worm's RpcPatch and RpcTftpd are: it says it runs,
 * accepts a stop (the removal stops a service before it deletes it), and ends when stopped or
 * after 120 seconds. */

#include <winsock2.h>
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

enum { LIFETIME_MS = 120 * 1000, MAX_HELD = 16 };

/* Returns when stdin reaches its end (the test closed it, or died). */
static DWORD WINAPI
wait_for_stdin_end (LPVOID unused)
{
  HANDLE in = GetStdHandle (STD_INPUT_HANDLE);
  char buf[256];
  DWORD got;

  (void) unused;
  while (in != NULL && in != INVALID_HANDLE_VALUE
         && ReadFile (in, buf, sizeof buf, &got, NULL) && got > 0)
    ;
  return 0;
}

static int
parse_port (const wchar_t *text)
{
  wchar_t *end;
  long port = wcstol (text, &end, 10);

  return (*end == L'\0' && port > 0 && port < 65536) ? (int) port : -1;
}

/* Binds a socket of TYPE to 127.0.0.1:PORT (and listens, for TCP); 0 or the Winsock error. */
static int
hold_port (int type, int port)
{
  struct sockaddr_in addr;
  SOCKET s = socket (AF_INET, type, type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);

  if (s == INVALID_SOCKET)
    return WSAGetLastError ();
  memset (&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((u_short) port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (s, (struct sockaddr *) &addr, sizeof addr) != 0
      || (type == SOCK_STREAM && listen (s, 1) != 0))
    {
      int err = WSAGetLastError ();
      closesocket (s);
      return err;
    }
  return 0; /* the socket stays open until the process ends */
}

static SERVICE_STATUS_HANDLE service_handle;
static SERVICE_STATUS service_status;
static HANDLE service_stop;

static DWORD WINAPI
service_control (DWORD control, DWORD type, LPVOID data, LPVOID context)
{
  (void) type;
  (void) data;
  (void) context;
  if (control == SERVICE_CONTROL_STOP)
    {
      service_status.dwCurrentState = SERVICE_STOP_PENDING;
      SetServiceStatus (service_handle, &service_status);
      SetEvent (service_stop);
    }
  return NO_ERROR;
}

static void WINAPI
service_main (DWORD argc, LPWSTR *argv)
{
  (void) argc;
  (void) argv;
  service_handle = RegisterServiceCtrlHandlerExW (L"", service_control, NULL);
  if (service_handle == NULL)
    return;
  service_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  service_status.dwCurrentState = SERVICE_RUNNING;
  service_status.dwControlsAccepted = SERVICE_ACCEPT_STOP;
  SetServiceStatus (service_handle, &service_status);
  WaitForSingleObject (service_stop, LIFETIME_MS);
  service_status.dwCurrentState = SERVICE_STOPPED;
  service_status.dwControlsAccepted = 0;
  SetServiceStatus (service_handle, &service_status);
}

static int
run_service (void)
{
  SERVICE_TABLE_ENTRYW table[] = { { (LPWSTR) L"", service_main }, { NULL, NULL } };
  service_stop = CreateEventW (NULL, TRUE, FALSE, NULL);
  if (service_stop == NULL || !StartServiceCtrlDispatcherW (table))
    {
      fprintf (stderr, "stand-in: not started as a service: error %lu\n",
               (unsigned long) GetLastError ());
      return 3;
    }
  return 0;
}

int
main (void)
{
  int argc, i, held = 0;
  wchar_t **argv = CommandLineToArgvW (GetCommandLineW (), &argc);
  WSADATA wsa;
  HANDLE waiter;

  if (argv == NULL)
    return 2;
  if (argc == 2 && wcscmp (argv[1], L"--service") == 0)
    return run_service ();
  if (WSAStartup (MAKEWORD (2, 2), &wsa) != 0)
    {
      fprintf (stderr, "stand-in: Winsock did not start\n");
      return 3;
    }
  for (i = 1; i < argc; i++)
    {
      const wchar_t *opt = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

      if (arg == NULL || ++held > MAX_HELD)
        {
          fprintf (stderr, "usage: stand-in [--mutex NAME]... [--tcp PORT]... [--udp PORT]...\n");
          return 2;
        }
      i++;
      if (wcscmp (opt, L"--mutex") == 0)
        {
          /* Owned, like the worm's own CreateMutex (NULL, TRUE, "BILLY"). */
          if (CreateMutexW (NULL, TRUE, arg) == NULL)
            {
              fprintf (stderr, "stand-in: cannot hold mutex %ls: error %lu\n", arg,
                       (unsigned long) GetLastError ());
              return 3;
            }
        }
      else if (wcscmp (opt, L"--tcp") == 0 || wcscmp (opt, L"--udp") == 0)
        {
          int tcp = opt[2] == L't', port = parse_port (arg), err;

          if (port < 0)
            {
              fprintf (stderr, "stand-in: not a port: %ls\n", arg);
              return 2;
            }
          err = hold_port (tcp ? SOCK_STREAM : SOCK_DGRAM, port);
          if (err != 0)
            {
              fprintf (stderr, "stand-in: cannot hold %s 127.0.0.1:%d: error %d\n",
                       tcp ? "TCP" : "UDP", port, err);
              return 3;
            }
        }
      else
        {
          fprintf (stderr, "stand-in: unknown option %ls\n", opt);
          return 2;
        }
    }

  printf ("ready\n");
  fflush (stdout);
  waiter = CreateThread (NULL, 0, wait_for_stdin_end, NULL, 0, NULL);
  if (waiter != NULL)
    WaitForSingleObject (waiter, LIFETIME_MS);
  else
    Sleep (LIFETIME_MS);
  ExitProcess (0); /* the reading thread may still block on stdin */
}
